<#-- The PIMS step's page. Only the layout macro every login theme has is used, so any theme can show it. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("pimsOtpTitle")}
    <#elseif section = "form">
        <form id="pims-otp-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post"
              onsubmit="document.getElementById('pims-otp-submit').disabled = true; return true;">
            <p id="pims-otp-hint">${msg(pimsRequirePin?then("pimsOtpHintWithPin", "pimsOtpHintAny"))}</p>
            <div class="${properties.kcFormGroupClass!}">
                <label for="pims-otp" class="${properties.kcLabelClass!} pf-v5-c-form__label">
                    <span class="pf-v5-c-form__label-text">${msg("pimsOtpLabel")}</span>
                </label>
                <span class="${properties.kcInputClass!}">
                    <input id="pims-otp" name="pims_otp" type="text" inputmode="numeric" autocomplete="one-time-code"
                           autocapitalize="off" spellcheck="false" maxlength="64" autofocus required />
                </span>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <input id="pims-otp-submit" type="submit" value="${msg("doLogIn")}"
                       class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}" />
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
